using Google.Protobuf.WellKnownTypes;

namespace Mlops.Common.V1;

/// <summary>Filling message fields from a service's own records, for every service's mapping to and from the wire.</summary>
public static class MessageFields
{
    /// <summary>The time as a message field; null (the field left unset) when there is none.</summary>
    public static Timestamp? Stamp(DateTimeOffset? time) => time is { } value ? Timestamp.FromDateTimeOffset(value) : null;

    /// <summary>Copies every entry of <paramref name="source"/> into <paramref name="target"/> (a map field, or a record's dictionary).</summary>
    public static void Fill<TValue>(IDictionary<string, TValue> target, IEnumerable<KeyValuePair<string, TValue>> source)
    {
        foreach (var (key, value) in source)
        {
            target[key] = value;
        }
    }
}
