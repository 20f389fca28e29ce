using Mlops.Ingestion.Events;
using Mlops.Ingestion.Model;
using Mlops.Ingestion.Profiles;
using Mlops.Ingestion.Splitting;
using Mlops.Ingestion.Versioning;

namespace Mlops.Ingestion.Importing;

/// <summary>
/// One import from start to end: validate the settings, read the source, split it, store the version (or
/// find it already stored) and tell the listeners about a new one. Every check on the input happens before
/// anything is written.
/// </summary>
public sealed class DatasetImporter(DatasetVersionWriter writer, IEnumerable<IDatasetVersionListener> listeners, ProfileOptions profileOptions)
{
    public async Task<StoredVersion> ImportAsync(Func<SourceDataset> read, ImportSettings settings, CancellationToken cancellationToken)
    {
        DatasetNames.ValidateName(settings.Name);
        foreach (var tag in settings.Tags)
        {
            DatasetNames.ValidateTag(tag);
        }

        settings.Ratios.Validate(sourceHasTest: true);
        var source = await Task.Run(read, cancellationToken);
        if (source.Train.Count == 0)
        {
            throw DatasetImportException.Invalid($"{source.Source} holds no training images.");
        }

        var content = StratifiedSplitter.Split(source, settings.Ratios);
        var stored = await writer.StoreAsync(content, new VersionMetadata(settings.Name, source.Source, settings.Tags), profileOptions, cancellationToken);
        if (stored.Created)
        {
            foreach (var listener in listeners)
            {
                listener.OnCreated(stored.Version);
            }
        }

        return stored;
    }
}
