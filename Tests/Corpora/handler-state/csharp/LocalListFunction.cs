using System.Collections.Generic;
using System.Text.Json;
using Amazon.Lambda.Core;
using Amazon.Lambda.SQSEvents;

namespace Ingest;

public class LocalListFunction
{
    public SQSBatchResponse FunctionHandler(SQSEvent sqsEvent, ILambdaContext context)
    {
        var failures = new List<SQSBatchResponse.BatchItemFailure>();
        var parsed = new List<JsonDocument>();
        foreach (var message in sqsEvent.Records)
        {
            try
            {
                parsed.Add(JsonDocument.Parse(message.Body));
            }
            catch (JsonException)
            {
                failures.Add(new SQSBatchResponse.BatchItemFailure { ItemIdentifier = message.MessageId });
            }
        }
        context.Logger.LogInformation($"parsed {parsed.Count} messages");
        return new SQSBatchResponse(failures);
    }
}
