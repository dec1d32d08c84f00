using System.IO;
using System.Threading.Tasks;
using Amazon.Lambda.Core;
using Amazon.S3;
using Amazon.S3.Transfer;

namespace Exports;

public class ExportRequest
{
    public string ExportId { get; set; } = "";
    public string Customers { get; set; } = "";
}

public class ExportTmpFunction
{
    private static readonly IAmazonS3 S3 = new AmazonS3Client();

    public async Task<string> FunctionHandler(ExportRequest request, ILambdaContext context)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{request.ExportId}.json");
        File.WriteAllText(path, request.Customers);
        var transfer = new TransferUtility(S3);
        await transfer.UploadAsync(path, System.Environment.GetEnvironmentVariable("BUCKET"), request.ExportId);
        context.Logger.LogInformation($"export {request.ExportId} uploaded");
        return request.ExportId;
    }
}
