namespace Mlops.Cli;

/// <summary>Input the parser accepted but that cannot be used (a missing file, a malformed override); exits with <see cref="ExitCodes.Usage"/>.</summary>
public sealed class UsageException(string message) : Exception(message);
