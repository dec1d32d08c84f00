using System.IO;
using System.Threading.Tasks;
using Amazon.Lambda.Core;

namespace Exports;

public class TmpFinallyFunction
{
    public async Task<string> FunctionHandler(string customersJson, ILambdaContext context)
    {
        var path = Path.Combine(Path.GetTempPath(), Path.GetRandomFileName());
        try
        {
            await File.WriteAllTextAsync(path, customersJson);
            context.Logger.LogInformation($"staged {new FileInfo(path).Length} bytes");
            return "ok";
        }
        finally
        {
            File.Delete(path);
        }
    }
}
