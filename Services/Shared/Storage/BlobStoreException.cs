namespace Mlops.Storage;

/// <summary>The blob store could not be reached or refused the request (wrong credentials, no such bucket); the message says which and what to check.</summary>
public sealed class BlobStoreException(string message, Exception? inner = null) : Exception(message, inner);
