namespace Mlops.LoadGenerator.Cli;

/// <summary>The command line cannot be understood; the message says what to change.</summary>
public sealed class UsageException(string message) : Exception(message);
