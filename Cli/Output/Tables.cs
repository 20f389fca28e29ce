using Spectre.Console;
using Spectre.Console.Rendering;

namespace Mlops.Cli.Output;

/// <summary>Table building blocks; cell text is never read as markup, so a class name like "[shirt]" prints as is.</summary>
public static class Tables
{
    public static Table Create(params string[] headers)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(new Text(header, new Style(decoration: Decoration.Bold))));
        }

        return table;
    }

    public static Table AddCells(this Table table, params string[] cells)
    {
        table.AddRow(cells.Select(cell => (IRenderable)new Text(cell)).ToArray());
        return table;
    }

    public static Table RightAligned(this Table table, params int[] columns)
    {
        foreach (var column in columns)
        {
            table.Columns[column].RightAligned();
        }

        return table;
    }

    /// <summary>Label and value pairs, one per line, for the head of a `show` command.</summary>
    public static Grid Details(params (string Label, string Value)[] rows)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(2)).AddColumn();
        foreach (var (label, value) in rows)
        {
            grid.AddRow(new Text(label, new Style(decoration: Decoration.Bold)), new Text(string.IsNullOrEmpty(value) ? "-" : value));
        }

        return grid;
    }

    public static IRenderable Stack(params IRenderable?[] parts) =>
        new Rows(parts.Where(part => part is not null).SelectMany(part => new[] { part!, new Text(string.Empty) }).SkipLast(1));

    public static IRenderable Titled(string title, IRenderable body) =>
        new Rows(new Text(title, new Style(decoration: Decoration.Bold | Decoration.Underline)), body);

    public static string Join(IEnumerable<string> values) => string.Join(", ", values);
}
