using System.Threading.Tasks;
using Amazon.Lambda.Core;
using Amazon.S3;
using Amazon.S3.Model;

namespace Reports;

public class InjectedClientFunction
{
    private readonly IAmazonS3 _s3;
    private readonly string _bucket;

    public InjectedClientFunction() : this(new AmazonS3Client(), System.Environment.GetEnvironmentVariable("BUCKET") ?? "reports")
    {
    }

    public InjectedClientFunction(IAmazonS3 s3, string bucket)
    {
        _s3 = s3;
        _bucket = bucket;
    }

    public async Task<string> FunctionHandler(string reportId, ILambdaContext context)
    {
        var response = await _s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _bucket, Key = reportId });
        return response.ETag;
    }
}
