using Bunit;
using Mlops.Frontend.Components.Shared;
using Mlops.Frontend.Platform;
using Mlops.Registry.V1;
using MudBlazor.Services;

namespace Mlops.Frontend.Tests.Components;

public sealed class ComponentTests : BunitContext, IAsyncLifetime
{
    public ComponentTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void Drawing_paints_only_while_the_mouse_is_pressed()
    {
        var pad = new DrawingPad();
        var changes = 0;
        var canvas = Render<DrawingCanvas>(parameters => parameters
            .Add(component => component.Pad, pad)
            .Add(component => component.Changed, () => changes++));
        Assert.Equal(DrawingPad.Size * DrawingPad.Size, canvas.FindAll("[data-testid=drawing-canvas] > div").Count);

        Cell(canvas, 5, 5).MouseOver();
        Assert.True(pad.IsBlank);

        Cell(canvas, 10, 10).MouseDown();
        Cell(canvas, 10, 12).MouseOver();

        Assert.Equal(255, pad[10, 10]);
        Assert.Equal(255, pad[10, 12]);
        Assert.Equal(160, pad[11, 11]);
        Assert.Equal(0, pad[5, 5]);
        Assert.Equal(2, changes);
    }

    [Fact]
    public void The_gate_table_marks_each_check_passed_or_failed_with_its_figures()
    {
        var gate = new GateResult { Passed = false, Accuracy = 0.8, Samples = 1000 };
        gate.Checks.Add(new GateCheck { Name = "min_accuracy", Passed = true, Measured = 0.8, Threshold = 0.7 });
        gate.Checks.Add(new GateCheck { Name = "max_accuracy_drop_vs_production", Passed = false, Measured = 0.02, Threshold = 0.01, Message = "dropped" });

        var table = Render<GateTable>(parameters => parameters.Add(component => component.Gate, gate));

        var rows = table.FindAll("[data-testid=gate-table] tbody tr");
        Assert.Contains("passed", rows[0].TextContent);
        Assert.Contains("0.7", rows[0].TextContent);
        Assert.Contains("failed", rows[1].TextContent);
        Assert.Contains("dropped", rows[1].TextContent);
    }

    [Fact]
    public void The_heat_map_shades_cells_by_count_and_ends_each_row_with_the_class_accuracy()
    {
        var matrix = new ConfusionMatrix();
        matrix.ClassNames.AddRange(["cat", "dog"]);
        matrix.Counts.AddRange([8, 2, 5, 5]);

        var heatMap = Render<ConfusionHeatMap>(parameters => parameters.Add(component => component.Matrix, new ConfusionMatrixView(matrix)));

        var firstRow = heatMap.FindAll("[data-testid=confusion-matrix] tbody tr")[0];
        Assert.Contains("80.0%", firstRow.TextContent);
        Assert.Contains("rgba(25, 118, 210, 1)", firstRow.QuerySelectorAll("td")[0].GetAttribute("style"));
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    // MudBlazor registers services that only dispose asynchronously.
    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    private static AngleSharp.Dom.IElement Cell(IRenderedComponent<DrawingCanvas> canvas, int row, int column) =>
        canvas.FindAll("[data-testid=drawing-canvas] > div")[(row * DrawingPad.Size) + column];
}
