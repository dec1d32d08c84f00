using System.Collections.Generic;
using Amazon.Lambda.Annotations;
using Amazon.Lambda.Annotations.APIGateway;
using Amazon.Lambda.Core;

namespace Search;

public class AnnotationsFunction
{
    private readonly Dictionary<string, string> _lastSearchByUser = new();

    [LambdaFunction]
    [HttpApi(LambdaHttpMethod.Get, "/search")]
    public IList<string> Search([FromQuery] string q, [FromHeader(Name = "x-user")] string user, ILambdaContext context)
    {
        _lastSearchByUser[user] = q;
        context.Logger.LogInformation("search");
        return new List<string> { q };
    }
}
