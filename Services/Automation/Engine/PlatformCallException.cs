namespace Mlops.Automation.Engine;

/// <summary>A call to another service failed; the message names the service and what it said.</summary>
public sealed class PlatformCallException(string message, Exception? inner = null) : Exception(message, inner);
