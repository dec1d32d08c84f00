using System.Threading;
using Amazon.Lambda.Core;
using Amazon.Lambda.SQSEvents;

namespace Metrics;

public class InterlockedCounterFunction
{
    private static int _invocations;
    private static readonly System.Diagnostics.ActivitySource Source = new("orders");

    public void FunctionHandler(SQSEvent sqsEvent, ILambdaContext context)
    {
        var count = Interlocked.Increment(ref _invocations);
        using var activity = Source.StartActivity("batch");
        context.Logger.LogInformation($"invocation {count} with {sqsEvent.Records.Count} records");
    }
}
