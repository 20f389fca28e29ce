namespace Mlops.Storage;

/// <summary>
/// Small named documents kept beside a blob store (e.g. the record of a dataset version in a remote), found by name
/// rather than by hash. A document is replaced whole; a reader sees the old one or the new one, never a mix.
/// </summary>
public interface IDocumentStore
{
    string Location { get; }

    Task PutAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>The document's bytes, or null when there is none of that name.</summary>
    Task<byte[]?> GetAsync(string name, CancellationToken cancellationToken = default);
}
