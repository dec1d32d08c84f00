using System.Diagnostics;
using Amazon.Lambda.CloudWatchEvents.ScheduledEvents;
using Amazon.Lambda.Core;

namespace Metrics;

public class ColdStartFunction
{
    private static bool _coldStart = true;
    private static int _invocations;
    private static readonly Stopwatch Uptime = Stopwatch.StartNew();

    public string FunctionHandler(ScheduledEvent input, ILambdaContext context)
    {
        _invocations++;
        var wasCold = _coldStart;
        _coldStart = false;
        context.Logger.LogInformation($"cold={wasCold} invocations={_invocations} uptime={Uptime.ElapsedMilliseconds}");
        return input.DetailType;
    }
}
