using Amazon.Lambda.Core;
using AWS.Lambda.Powertools.Logging;

namespace Checkout;

public class CartInput
{
    public string CustomerId { get; set; } = "";
    public decimal Total { get; set; }
}

public class PowertoolsKeysFunction
{
    [Logging(LogEvent = false)]
    public decimal FunctionHandler(CartInput input, ILambdaContext context)
    {
        Logger.AppendKey("customerId", input.CustomerId);
        Logger.LogInformation("cart priced");
        return input.Total;
    }
}
