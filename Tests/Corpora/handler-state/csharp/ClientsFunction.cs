using System.Collections.Generic;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Lambda.APIGatewayEvents;
using Amazon.Lambda.Core;

namespace Orders;

public class ClientsFunction
{
    private static readonly AmazonDynamoDBClient Dynamo = new AmazonDynamoDBClient();
    private static readonly string Table = System.Environment.GetEnvironmentVariable("ORDERS_TABLE") ?? "orders";

    public async Task<APIGatewayProxyResponse> FunctionHandler(APIGatewayProxyRequest request, ILambdaContext context)
    {
        var orderId = request.PathParameters["orderId"];
        await Dynamo.PutItemAsync(new PutItemRequest
        {
            TableName = Table,
            Item = new Dictionary<string, AttributeValue>
            {
                ["pk"] = new AttributeValue { S = orderId },
                ["body"] = new AttributeValue { S = request.Body },
            },
        });
        return new APIGatewayProxyResponse { StatusCode = 201 };
    }
}
