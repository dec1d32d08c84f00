using System.Net;
using System.Text.Json;
using Amazon.Lambda.APIGatewayEvents;
using Amazon.Lambda.Core;

[assembly: LambdaSerializer(typeof(Amazon.Lambda.Serialization.SystemTextJson.DefaultLambdaJsonSerializer))]

namespace Orders;

public record Order(string Id, string Email, decimal Amount);

public class LastOrderFunction
{
    private static Order? _lastOrder;

    public APIGatewayProxyResponse FunctionHandler(APIGatewayProxyRequest request, ILambdaContext context)
    {
        Order? order;
        try
        {
            order = JsonSerializer.Deserialize<Order>(request.Body);
        }
        catch (JsonException ex)
        {
            context.Logger.LogWarning($"bad order: {ex.Message}");
            return new APIGatewayProxyResponse { StatusCode = (int)HttpStatusCode.BadRequest };
        }
        _lastOrder = order;
        context.Logger.LogInformation($"order {order?.Id} accepted");
        return new APIGatewayProxyResponse { StatusCode = (int)HttpStatusCode.Created };
    }
}
