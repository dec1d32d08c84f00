using System.Collections.Generic;
using Amazon.Lambda.CognitoEvents;
using Amazon.Lambda.Core;

namespace Signup;

public class HelperStaticFunction
{
    private static readonly HashSet<string> RecentEmails = new();

    private static void Remember(string email)
    {
        RecentEmails.Add(email);
    }

    public CognitoPostConfirmationEvent FunctionHandler(CognitoPostConfirmationEvent input, ILambdaContext context)
    {
        var email = input.Request.UserAttributes["email"];
        Remember(email);
        context.Logger.LogInformation("user confirmed");
        return input;
    }
}
