using System.IO;
using System.Threading.Tasks;
using Amazon.Lambda.Core;

namespace Convert;

public class TmpFinallyExistsFunction
{
    public async Task<int> FunctionHandler(string markdown, ILambdaContext context)
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, markdown);
            var lines = await File.ReadAllLinesAsync(path);
            return lines.Length;
        }
        finally
        {
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
    }
}
