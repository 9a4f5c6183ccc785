using Dashboard.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddDashboardScaleOut();
builder.AddDashboardStore();
builder.AddDashboardAccounts();
builder.AddDashboardWall();
builder.AddDashboardJobs();
builder.AddDashboardWeb();
builder.AddDashboardDigests();
builder.AddDashboardTelemetry();

var app = builder.Build();
if (MigrateCommand.IsRequested(args)) return await MigrateCommand.RunAsync(app, args);
await app.PrepareDashboardAsync();
app.MapDashboard();
await app.MapDigestsAsync();
app.Run();
return 0;

/// <summary>Visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
