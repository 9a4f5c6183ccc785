using Baseline.Web;
using Baseline.Web.Components;
using MudBlazor.Services;

// What `dotnet new blazor --interactivity Server` gives, plus one singleton value and an endpoint that sets it.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();
builder.Services.AddSingleton<LiveValue>();

var app = builder.Build();
app.UseAntiforgery();
app.MapStaticAssets();
app.MapPost("/value", (ValueInput input, LiveValue value) => { value.Set(input.Value); return Results.NoContent(); }).DisableAntiforgery();
app.MapGet("/health", () => "ok");
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.Run();

internal sealed record ValueInput(decimal Value);
