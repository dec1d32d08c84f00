using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using Amazon.Lambda.Core;

namespace Contacts;

public class RegexFunction
{
    private static readonly Regex Email = new Regex(@"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", RegexOptions.IgnoreCase | RegexOptions.Compiled);
    private static readonly HashSet<string> Allowed = new() { "email", "name", "phone" };

    public Dictionary<string, string> FunctionHandler(Dictionary<string, string> input, ILambdaContext context)
    {
        var cleaned = new Dictionary<string, string>();
        foreach (var (key, value) in input)
        {
            if (Allowed.Contains(key)) cleaned[key] = value.Trim();
        }
        if (!cleaned.TryGetValue("email", out var email) || !Email.IsMatch(email))
        {
            throw new ArgumentException("invalid email");
        }
        return cleaned;
    }
}
