using System.Net.Http;
using System.Threading.Tasks;
using Amazon.Lambda.Core;
using Amazon.SecretsManager;
using Amazon.SecretsManager.Model;

namespace Partner;

public class SecretCtorFunction
{
    private static readonly HttpClient Http = new();
    private readonly string _apiKey;

    public SecretCtorFunction()
    {
        var client = new AmazonSecretsManagerClient();
        _apiKey = client.GetSecretValueAsync(new GetSecretValueRequest { SecretId = System.Environment.GetEnvironmentVariable("PARTNER_SECRET_ID") })
            .GetAwaiter().GetResult().SecretString;
    }

    public async Task<int> FunctionHandler(string payload, ILambdaContext context)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, System.Environment.GetEnvironmentVariable("PARTNER_URL"));
        request.Headers.Add("x-api-key", _apiKey);
        request.Content = new StringContent(payload);
        var response = await Http.SendAsync(request);
        return (int)response.StatusCode;
    }
}
