using System.IO;
using System.Threading.Tasks;
using Amazon.Lambda.Core;
using Amazon.S3;
using Amazon.S3.Model;

namespace Uploads;

public class UploadRequest
{
    public string Bucket { get; set; } = "";
    public string Key { get; set; } = "";
}

public class UploadStreamFunction
{
    private static readonly AmazonS3Client S3 = new();

    public async Task<long> FunctionHandler(UploadRequest input, ILambdaContext context)
    {
        using var response = await S3.GetObjectAsync(new GetObjectRequest { BucketName = input.Bucket, Key = input.Key });
        await using var file = File.Create(Path.Combine(Path.GetTempPath(), Path.GetFileName(input.Key)));
        await response.ResponseStream.CopyToAsync(file);
        return file.Length;
    }
}
