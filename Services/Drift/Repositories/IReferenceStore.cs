using Mlops.Drift.Model;
using Mlops.Drift.References;

namespace Mlops.Drift.Repositories;

public interface IReferenceStore
{
    DriftReference? LoadReference(ModelKey model);

    void SaveReference(DriftReference reference);
}
