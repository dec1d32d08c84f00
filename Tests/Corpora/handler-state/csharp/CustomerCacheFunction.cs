using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Lambda.Core;

namespace Customers;

public class CustomerCacheFunction
{
    private static readonly AmazonDynamoDBClient Dynamo = new();
    private static readonly ConcurrentDictionary<string, Dictionary<string, AttributeValue>> CustomerCache = new();

    public async Task<Dictionary<string, AttributeValue>> FunctionHandler(Dictionary<string, string> input, ILambdaContext context)
    {
        var customerId = input["customerId"];
        if (CustomerCache.TryGetValue(customerId, out var cached))
        {
            return cached;
        }
        var response = await Dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = System.Environment.GetEnvironmentVariable("CUSTOMERS_TABLE"),
            Key = new Dictionary<string, AttributeValue> { ["pk"] = new AttributeValue { S = customerId } },
        });
        CustomerCache[customerId] = response.Item;
        return response.Item;
    }
}
