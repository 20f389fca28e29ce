#:package Google.Protobuf
// Writes the API reference pages of the docs site from a descriptor set that protoc made with --include_source_info,
// so the reference is the contracts' own text and comments, never a second copy of them.
// Usage: dotnet run docs/tools/ProtoReference.cs -- <descriptor-set.pb> <output-folder>
using System.Text;
using Google.Protobuf.Reflection;

var set = FileDescriptorSet.Parser.ParseFrom(File.ReadAllBytes(args[0]));
var output = Directory.CreateDirectory(args[1]).FullName;
var ours = set.File.Where(f => f.Name.StartsWith("mlops/", StringComparison.Ordinal) || f.Name.StartsWith("inference/", StringComparison.Ordinal)).ToList();
var pageOf = ours.Select(f => f.Package).Distinct().ToDictionary(p => p, p => p + ".md");
var messages = set.File.SelectMany(f => AllMessages(f.Package, f.MessageType)).ToDictionary(m => m.FullName, m => m.Message);

var toc = new StringBuilder();
foreach (var package in ours.GroupBy(f => f.Package).OrderBy(g => g.Key, StringComparer.Ordinal))
{
    var sections = package.OrderBy(f => f.Name, StringComparer.Ordinal).Select(file => new ProtoPage(file, pageOf, messages).Render());
    File.WriteAllText(Path.Combine(output, pageOf[package.Key]), $"# {package.Key}\n\n" + string.Concat(sections));
    toc.Append($"- name: {package.Key}\n  href: {pageOf[package.Key]}\n");
}

File.WriteAllText(Path.Combine(output, "toc.yml"), toc.ToString());
Console.WriteLine($"{ours.Count} reference pages in {output}");

static IEnumerable<(string FullName, DescriptorProto Message)> AllMessages(string scope, IEnumerable<DescriptorProto> messages) =>
    messages.SelectMany(m => AllMessages($"{scope}.{m.Name}", m.NestedType).Prepend(($".{scope}.{m.Name}", m)));

internal sealed class ProtoPage(FileDescriptorProto file, IReadOnlyDictionary<string, string> pageOf, IReadOnlyDictionary<string, DescriptorProto> messages)
{
    // Field numbers of FileDescriptorProto and DescriptorProto, as SourceCodeInfo paths use them.
    private const int MessageTypes = 4, EnumTypes = 5, Services = 6, Fields = 2, NestedTypes = 3, NestedEnums = 4, Methods = 2, Values = 2;

    private readonly Dictionary<string, string> comments = (file.SourceCodeInfo?.Location ?? [])
        .Where(l => l.HasLeadingComments)
        .GroupBy(l => string.Join('.', l.Path))
        .ToDictionary(g => g.Key, g => g.First().LeadingComments.Trim().ReplaceLineEndings(" "));

    private readonly StringBuilder text = new();

    public string Render()
    {
        text.Append($"From `Protos/{file.Name}`:\n\n");
        for (var s = 0; s < file.Service.Count; s++)
        {
            RenderService(file.Service[s], [Services, s]);
        }

        for (var m = 0; m < file.MessageType.Count; m++)
        {
            RenderMessage(file.MessageType[m], file.MessageType[m].Name, [MessageTypes, m]);
        }

        for (var e = 0; e < file.EnumType.Count; e++)
        {
            RenderEnum(file.EnumType[e], file.EnumType[e].Name, [EnumTypes, e]);
        }

        return text.ToString();
    }

    private void RenderService(ServiceDescriptorProto service, int[] path)
    {
        text.Append($"## {service.Name}\n\n{Comment(path)}\n\n| RPC | request | response | what it does |\n|---|---|---|---|\n");
        for (var m = 0; m < service.Method.Count; m++)
        {
            var method = service.Method[m];
            var request = (method.ClientStreaming ? "stream " : "") + TypeLink(method.InputType);
            var response = (method.ServerStreaming ? "stream " : "") + TypeLink(method.OutputType);
            text.Append($"| `{method.Name}` | {request} | {response} | {Comment([.. path, Methods, m])} |\n");
        }

        text.Append('\n');
    }

    private void RenderMessage(DescriptorProto message, string name, int[] path)
    {
        text.Append($"## {name}\n\n{Comment(path)}\n\n");
        if (message.Field.Count > 0)
        {
            text.Append("| field | number | type | meaning |\n|---|---|---|---|\n");
            for (var f = 0; f < message.Field.Count; f++)
            {
                var field = message.Field[f];
                var type = FieldType(field);
                var repeated = field.Label == FieldDescriptorProto.Types.Label.Repeated && !type.StartsWith("map&lt;", StringComparison.Ordinal) ? "repeated " : "";
                text.Append($"| `{field.Name}` | {field.Number} | {repeated}{type} | {Comment([.. path, Fields, f])} |\n");
            }

            text.Append('\n');
        }

        for (var n = 0; n < message.NestedType.Count; n++)
        {
            if (!message.NestedType[n].Options?.MapEntry ?? true)
            {
                RenderMessage(message.NestedType[n], $"{name}.{message.NestedType[n].Name}", [.. path, NestedTypes, n]);
            }
        }

        for (var e = 0; e < message.EnumType.Count; e++)
        {
            RenderEnum(message.EnumType[e], $"{name}.{message.EnumType[e].Name}", [.. path, NestedEnums, e]);
        }
    }

    private void RenderEnum(EnumDescriptorProto enumeration, string name, int[] path)
    {
        text.Append($"## {name}\n\n{Comment(path)}\n\n| value | number | meaning |\n|---|---|---|\n");
        for (var v = 0; v < enumeration.Value.Count; v++)
        {
            text.Append($"| `{enumeration.Value[v].Name}` | {enumeration.Value[v].Number} | {Comment([.. path, Values, v])} |\n");
        }

        text.Append('\n');
    }

    private string FieldType(FieldDescriptorProto field)
    {
        if (field.Type is not (FieldDescriptorProto.Types.Type.Message or FieldDescriptorProto.Types.Type.Enum))
        {
            return field.Type.ToString().ToLowerInvariant();
        }

        return messages.TryGetValue(field.TypeName, out var entry) && (entry.Options?.MapEntry ?? false)
            ? $"map&lt;{FieldType(entry.Field[0])}, {FieldType(entry.Field[1])}&gt;"
            : TypeLink(field.TypeName);
    }

    /// <summary>A link to the page and heading of a type of ours; other packages' types (google.protobuf) as plain names.</summary>
    private string TypeLink(string fullName)
    {
        var name = fullName.TrimStart('.');
        var package = pageOf.Keys.Where(p => name.StartsWith(p + ".", StringComparison.Ordinal)).MaxBy(p => p.Length);
        if (package is null)
        {
            return $"`{name}`";
        }

        var local = name[(package.Length + 1)..];
        var anchor = local.Replace(".", "", StringComparison.Ordinal).ToLowerInvariant();
        var target = package == file.Package ? $"#{anchor}" : $"{pageOf[package]}#{anchor}";
        return $"[{local}]({target})";
    }

    private string Comment(int[] path) =>
        comments.TryGetValue(string.Join('.', path), out var comment) ? comment.Replace("|", "\\|", StringComparison.Ordinal) : "";
}
