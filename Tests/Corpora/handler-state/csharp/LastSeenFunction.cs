using System;
using System.Collections.Generic;
using Amazon.Lambda.APIGatewayEvents;
using Amazon.Lambda.Core;

namespace Gateway;

public class LastSeenFunction
{
    private static readonly Dictionary<string, DateTime> LastSeen = new();

    public APIGatewayProxyResponse FunctionHandler(APIGatewayProxyRequest request, ILambdaContext context)
    {
        var sourceIp = request.RequestContext.Identity.SourceIp;
        LastSeen[sourceIp] = DateTime.UtcNow;
        return new APIGatewayProxyResponse { StatusCode = 200, Body = LastSeen.Count.ToString() };
    }
}
