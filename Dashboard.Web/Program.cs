using Dashboard.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddDashboardStore();
builder.AddDashboardAccounts();
builder.AddDashboardWall();
builder.AddDashboardJobs();
builder.AddDashboardWeb();
builder.AddDashboardDigests();

var app = builder.Build();
await app.PrepareDashboardAsync();
app.MapDashboard();
await app.MapDigestsAsync();
app.Run();

/// <summary>Visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
