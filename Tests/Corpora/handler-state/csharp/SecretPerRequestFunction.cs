using System;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using Amazon.Lambda.Core;
using Amazon.SecretsManager;
using Amazon.SecretsManager.Model;

namespace Signing;

public class SecretPerRequestFunction
{
    private static readonly AmazonSecretsManagerClient Secrets = new();

    public async Task<string> FunctionHandler(string payload, ILambdaContext context)
    {
        var secret = await Secrets.GetSecretValueAsync(new GetSecretValueRequest { SecretId = Environment.GetEnvironmentVariable("SIGNING_SECRET_ID") });
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret.SecretString));
        return Convert.ToHexString(hmac.ComputeHash(Encoding.UTF8.GetBytes(payload)));
    }
}
