using System;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Amazon.Lambda.Core;

namespace Payments;

public class EnvConfigFunction
{
    private static readonly string ApiKey = Environment.GetEnvironmentVariable("PAYMENTS_API_KEY") ?? "";
    private static readonly string BaseUrl = Environment.GetEnvironmentVariable("PAYMENTS_URL") ?? "";
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public async Task<int> FunctionHandler(string chargeJson, ILambdaContext context)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{BaseUrl}/charges");
        request.Headers.Add("x-api-key", ApiKey);
        request.Content = new StringContent(chargeJson, Encoding.UTF8, "application/json");
        var response = await Http.SendAsync(request);
        return (int)response.StatusCode;
    }
}
