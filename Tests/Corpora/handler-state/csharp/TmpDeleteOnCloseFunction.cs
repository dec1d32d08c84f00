using System;
using System.IO;
using System.Threading.Tasks;
using Amazon.Lambda.Core;

namespace Documents;

public class TmpDeleteOnCloseFunction
{
    public async Task<long> FunctionHandler(string documentBase64, ILambdaContext context)
    {
        var bytes = Convert.FromBase64String(documentBase64);
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"));
        await using var scratch = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.DeleteOnClose);
        await scratch.WriteAsync(bytes);
        scratch.Position = 0;
        return scratch.Length;
    }
}
