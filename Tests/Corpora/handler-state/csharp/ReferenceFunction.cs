using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Json;
using System.Threading.Tasks;
using Amazon.Lambda.Core;

namespace Fx;

public class ReferenceFunction
{
    private static readonly HttpClient Http = new();
    private static Dictionary<string, decimal>? _rates;
    private static DateTime _loadedAt;

    private static async Task<Dictionary<string, decimal>> RatesAsync()
    {
        if (_rates == null || DateTime.UtcNow - _loadedAt > TimeSpan.FromHours(1))
        {
            _rates = await Http.GetFromJsonAsync<Dictionary<string, decimal>>("https://rates.example.com/latest.json");
            _loadedAt = DateTime.UtcNow;
        }
        return _rates!;
    }

    public async Task<decimal> FunctionHandler(Dictionary<string, string> input, ILambdaContext context)
    {
        var rates = await RatesAsync();
        return decimal.Parse(input["amount"]) * rates[input["currency"]];
    }
}
