using Mlops.Ingestion.V1;

namespace Mlops.Ingestion.Repositories;

public interface IDatasetRepository
{
    IReadOnlyList<DatasetSummary> ListDatasets();

    /// <summary>Versions of one dataset, newest first.</summary>
    IReadOnlyList<DatasetVersion> ListVersions(string name);

    /// <summary>Versions of one dataset, newest first, archived ones too when <paramref name="includeArchived"/>.</summary>
    IReadOnlyList<DatasetVersion> ListVersions(string name, bool includeArchived);

    /// <summary>A version by id (or unique id prefix), or by `name`, `name@latest`, `name@tag`; null when none matches.</summary>
    DatasetVersion? Find(string reference);

    bool Exists(string id);

    /// <summary>Records a version and its counts and tags in one transaction; false when the id was already recorded.</summary>
    bool Insert(NewVersion version);

    /// <summary>Puts <paramref name="tags"/> on a version; a tag names one version per dataset, so it leaves any other.</summary>
    void AddTags(string id, IEnumerable<string> tags);

    VersionBlobRefs? BlobsOf(string id);

    /// <summary>Deletes a version's row, counts and tags in one transaction (its blobs stay for garbage collection); false when there was none.</summary>
    bool Delete(string id);

    /// <summary>Hides a version from listings and from `name`/`name@latest`; it stays readable by id and tag. False when there is none.</summary>
    bool Archive(string id);

    /// <summary>The blobs every recorded version (archived ones too) points to, by version id.</summary>
    IReadOnlyDictionary<string, VersionBlobRefs> AllBlobRefs();
}
