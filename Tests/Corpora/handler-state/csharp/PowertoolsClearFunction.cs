using Amazon.Lambda.Core;
using AWS.Lambda.Powertools.Logging;

namespace Shipping;

public class LabelRequest
{
    public string OrderId { get; set; } = "";
}

public class PowertoolsClearFunction
{
    [Logging(ClearState = true)]
    public string FunctionHandler(LabelRequest input, ILambdaContext context)
    {
        Logger.AppendKey("orderId", input.OrderId);
        Logger.LogInformation("label requested");
        return $"label-{input.OrderId}";
    }
}
