using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace Mlops.TestSupport;

/// <summary>
/// A fuzz corpus generated from a service's proto descriptor: for every unary RPC, one request per field of its
/// request message (and of the messages inside it) set to each malformed or extreme value of its type.
/// </summary>
public static class RequestFuzzer
{
    /// <summary>One request of the corpus.</summary>
    /// <param name="Method">The RPC it is sent to.</param>
    /// <param name="Field">The field path set to a bad value.</param>
    /// <param name="Value">What the bad value is.</param>
    /// <param name="Request">The request message.</param>
    public sealed record FuzzCase(MethodDescriptor Method, string Field, string Value, IMessage Request)
    {
        /// <inheritdoc />
        public override string ToString() => $"{Method.Name} {Field}={Value}";
    }

    /// <summary>How the service answered one case.</summary>
    /// <param name="Case">The case.</param>
    /// <param name="Code">Its status (OK when answered).</param>
    /// <param name="Detail">The status message.</param>
    public sealed record FuzzOutcome(FuzzCase Case, StatusCode Code, string Detail);

    private static readonly (string Name, object Value)[] Strings =
    [
        ("empty", ""),
        ("100 KB", new string('n', 100_000)),
        ("NUL", "a\0b"),
        ("control", "line\nbreak\r\t"),
        ("path traversal", "../../../../etc/passwd"),
        ("unicode", "名前😀\u202E"),
        ("spaces", "   "),
        ("yaml alias", "a: &a [x, x]\nb: [*a, *a]"),
    ];

    private static readonly (string Name, object Value)[] Doubles =
    [
        ("NaN", double.NaN), ("+Inf", double.PositiveInfinity), ("-Inf", double.NegativeInfinity), ("-1", -1d), ("max", double.MaxValue),
    ];

    private static readonly (string Name, object Value)[] Floats =
    [
        ("NaN", float.NaN), ("+Inf", float.PositiveInfinity), ("-1", -1f), ("max", float.MaxValue),
    ];

    /// <summary>Every case for every unary RPC of <paramref name="service"/>, nested messages fuzzed <paramref name="depth"/> levels down.</summary>
    public static IEnumerable<FuzzCase> Cases(ServiceDescriptor service, int depth = 2)
    {
        foreach (var method in service.Methods.Where(m => !m.IsClientStreaming && !m.IsServerStreaming))
        {
            yield return new FuzzCase(method, "(all)", "unset", method.InputType.Parser.ParseFrom(ByteString.Empty));
            foreach (var (path, value, request) in Variants(method.InputType, depth))
            {
                yield return new FuzzCase(method, path, value, request);
            }
        }
    }

    /// <summary>Calls every case, each with a deadline; the outcome of each is its status (OK when it was answered).</summary>
    public static async Task<IReadOnlyList<FuzzOutcome>> RunAsync(CallInvoker invoker, IEnumerable<FuzzCase> cases, TimeSpan deadline)
    {
        var outcomes = new List<FuzzOutcome>();
        foreach (var fuzz in cases)
        {
            var method = Unary(fuzz.Method);
            try
            {
                using var call = invoker.AsyncUnaryCall(method, null, new CallOptions(deadline: DateTime.UtcNow + deadline), fuzz.Request);
                await call.ResponseAsync;
                outcomes.Add(new FuzzOutcome(fuzz, StatusCode.OK, ""));
            }
            catch (RpcException error)
            {
                outcomes.Add(new FuzzOutcome(fuzz, error.StatusCode, error.Status.Detail));
            }
        }

        return outcomes;
    }

    /// <summary>The outcomes that break the error policy: UNKNOWN or INTERNAL, or an error with no message.</summary>
    public static IReadOnlyList<string> PolicyBreaches(IEnumerable<FuzzOutcome> outcomes) =>
        [.. outcomes
            .Where(o => o.Code is StatusCode.Unknown or StatusCode.Internal || (o.Code != StatusCode.OK && string.IsNullOrWhiteSpace(o.Detail)))
            .Select(o => $"{o.Case}: {o.Code} '{o.Detail[..Math.Min(o.Detail.Length, 300)]}'")];

    private static Method<IMessage, IMessage> Unary(MethodDescriptor method)
    {
        var input = Marshallers.Create<IMessage>(message => message.ToByteArray(), bytes => method.InputType.Parser.ParseFrom(bytes));
        var output = Marshallers.Create<IMessage>(message => message.ToByteArray(), bytes => method.OutputType.Parser.ParseFrom(bytes));
        return new Method<IMessage, IMessage>(MethodType.Unary, method.Service.FullName, method.Name, input, output);
    }

    private static IEnumerable<(string Path, string Value, IMessage Request)> Variants(MessageDescriptor type, int depth)
    {
        foreach (var field in type.Fields.InFieldNumberOrder())
        {
            foreach (var (name, set) in FieldValues(field, depth))
            {
                var request = type.Parser.ParseFrom(ByteString.Empty);
                set(request);
                yield return (field.Name, name, request);
            }
        }
    }

    private static IEnumerable<(string Name, Action<IMessage> Set)> FieldValues(FieldDescriptor field, int depth)
    {
        if (field.IsMap)
        {
            var entry = field.MessageType;
            var key = Scalars(entry.FindFieldByNumber(1)).FirstOrDefault(v => v.Name == "100 KB");
            if (key.Value is not null)
            {
                yield return ("map key 100 KB", request => ((System.Collections.IDictionary)field.Accessor.GetValue(request))[key.Value] = Default(entry.FindFieldByNumber(2)));
            }

            yield break;
        }

        if (field.IsRepeated)
        {
            foreach (var (name, value) in Scalars(field).Take(3))
            {
                // Many copies of a small value, few of a large one: the request stays under the message size limit.
                var copies = value is string { Length: > 1000 } or ByteString { Length: > 1000 } ? 10 : 10_000;
                yield return ($"{copies} x {name}", request => AddCopies((System.Collections.IList)field.Accessor.GetValue(request), value, copies));
            }

            if (field.FieldType == FieldType.Message && depth > 0)
            {
                foreach (var (path, value, inner) in Variants(field.MessageType, depth - 1))
                {
                    yield return ($"[{path}={value}]", request => ((System.Collections.IList)field.Accessor.GetValue(request)).Add(inner));
                }
            }

            yield break;
        }

        if (field.FieldType == FieldType.Message)
        {
            if (depth <= 0 || field.MessageType.FullName.StartsWith("google.protobuf.", StringComparison.Ordinal))
            {
                yield break;
            }

            yield return ("empty message", request => field.Accessor.SetValue(request, field.MessageType.Parser.ParseFrom(ByteString.Empty)));
            foreach (var (path, value, inner) in Variants(field.MessageType, depth - 1))
            {
                yield return ($"{path}={value}", request => field.Accessor.SetValue(request, inner));
            }

            yield break;
        }

        foreach (var (name, value) in Scalars(field))
        {
            yield return (name, request => field.Accessor.SetValue(request, value));
        }
    }

    private static IEnumerable<(string Name, object Value)> Scalars(FieldDescriptor field) => field.FieldType switch
    {
        FieldType.String => Strings,
        FieldType.Double => Doubles,
        FieldType.Float => Floats,
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => [("-1", -1), ("min", int.MinValue), ("max", int.MaxValue)],
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => [("-1", -1L), ("min", long.MinValue), ("max", long.MaxValue)],
        FieldType.UInt32 or FieldType.Fixed32 => [("max", uint.MaxValue)],
        FieldType.UInt64 or FieldType.Fixed64 => [("max", ulong.MaxValue)],
        FieldType.Bool => [("true", true)],
        FieldType.Enum => [("unknown 9999", 9999), ("last", field.EnumType.Values[^1].Number)],
        FieldType.Bytes => [("empty", ByteString.Empty), ("garbage 1 MB", ByteString.CopyFrom(Garbage(1 << 20)))],
        _ => [],
    };

    private static void AddCopies(System.Collections.IList list, object value, int copies)
    {
        for (var i = 0; i < copies; i++)
        {
            list.Add(value);
        }
    }

    private static object Default(FieldDescriptor field) => field.FieldType switch
    {
        FieldType.String => "",
        FieldType.Double => 0d,
        FieldType.Float => 0f,
        FieldType.Bool => false,
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => 0L,
        FieldType.Message => field.MessageType.Parser.ParseFrom(ByteString.Empty),
        FieldType.Bytes => ByteString.Empty,
        _ => 0,
    };

    private static byte[] Garbage(int length)
    {
        var bytes = new byte[length];
        new Random(17).NextBytes(bytes);
        return bytes;
    }
}
