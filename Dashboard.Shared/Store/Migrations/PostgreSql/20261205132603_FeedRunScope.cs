using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dashboard.Shared.Store.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class FeedRunScope : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "StartedBy",
                table: "feed_runs",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Units",
                table: "feed_runs",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UnitCode",
                table: "feed_rejections",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "StartedBy",
                table: "feed_runs");

            migrationBuilder.DropColumn(
                name: "Units",
                table: "feed_runs");

            migrationBuilder.DropColumn(
                name: "UnitCode",
                table: "feed_rejections");
        }
    }
}
