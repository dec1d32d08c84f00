using System;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using Amazon.Lambda.Core;
using Amazon.SecretsManager;
using Amazon.SecretsManager.Model;

namespace Webhooks;

public class LazySigningKeyFunction
{
    private readonly AmazonSecretsManagerClient _secrets = new();
    private string? _signingKey;

    private async Task<string> FetchKeyAsync()
    {
        var response = await _secrets.GetSecretValueAsync(new GetSecretValueRequest { SecretId = "webhooks/signing" });
        return response.SecretString;
    }

    public async Task<bool> FunctionHandler(WebhookRequest request, ILambdaContext context)
    {
        _signingKey ??= await FetchKeyAsync();
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(_signingKey));
        var expected = Convert.ToHexString(hmac.ComputeHash(Encoding.UTF8.GetBytes(request.Body)));
        return expected == request.Signature;
    }
}

public record WebhookRequest(string Body, string Signature);
