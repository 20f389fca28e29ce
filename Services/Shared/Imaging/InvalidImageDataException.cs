namespace Mlops.Imaging;

/// <summary>
/// Image or label data that cannot be used as it is: a corrupt or truncated file, bytes that are
/// not an image, or pixel values out of range. The message says what was expected and what was found.
/// </summary>
public sealed class InvalidImageDataException : Exception
{
    /// <summary>Creates the exception with a message a person can act on.</summary>
    public InvalidImageDataException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the lower-level failure that caused it.</summary>
    public InvalidImageDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
