using System.Collections.Generic;
using Amazon.Lambda.Core;
using Amazon.Lambda.SQSEvents;

namespace Audit;

public class AuditFunction
{
    private static readonly List<string> AuditLines = new();

    public void FunctionHandler(SQSEvent sqsEvent, ILambdaContext context)
    {
        foreach (var message in sqsEvent.Records)
        {
            AuditLines.Add(message.Body);
        }
        if (AuditLines.Count > 100)
        {
            context.Logger.LogInformation($"flushing {AuditLines.Count} audit lines");
        }
    }
}
