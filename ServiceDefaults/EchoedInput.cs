namespace Mlops.ServiceDefaults;

/// <summary>
/// Caller input quoted back in an error message, cut to a bounded length: a 100 KB name echoed whole makes the
/// status too large for the client's metadata limit, which then hides the real error.
/// </summary>
public static class EchoedInput
{
    public const int MaxEchoedChars = 200;

    /// <summary>Upper bound on a whole status message; longer ones are cut with a note.</summary>
    public const int MaxStatusDetailChars = 2000;

    public static string Of(string? value) => Cut(value ?? "", MaxEchoedChars);

    public static string BoundDetail(string? detail) => Cut(detail ?? "", MaxStatusDetailChars);

    private static string Cut(string value, int max)
    {
        if (value.Length <= max)
        {
            return value;
        }

        var cut = max;
        if (char.IsHighSurrogate(value[cut - 1]))
        {
            cut--;
        }

        return $"{value[..cut]}… ({value.Length - cut} more characters)";
    }
}
