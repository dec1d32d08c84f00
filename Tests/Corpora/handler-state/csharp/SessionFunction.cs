using Amazon.Lambda.APIGatewayEvents;
using Amazon.Lambda.Core;

namespace Profile
{
    public class SessionFunction
    {
        private string? _currentToken;

        public APIGatewayHttpApiV2ProxyResponse Handle(APIGatewayHttpApiV2ProxyRequest request, ILambdaContext context)
        {
            if (!request.Headers.TryGetValue("authorization", out var authorization))
            {
                return new APIGatewayHttpApiV2ProxyResponse { StatusCode = 401 };
            }
            _currentToken = authorization.Replace("Bearer ", "");
            context.Logger.LogInformation("profile request");
            return new APIGatewayHttpApiV2ProxyResponse { StatusCode = 200, Body = "{}" };
        }
    }
}
