using System.Net;
using System.Text;
using Attendance.Server.Access;
using Attendance.Server.Hosting;
using Attendance.Testing;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static Attendance.Server.Access.StaffRole;

namespace Attendance.Server.Tests;

/// <summary>
/// Every <c>/schools/{schoolId}</c> route answers a school that does not exist the same way, before it looks at the
/// request: 404 <c>unknown-school</c>, listed in the OpenAPI document. The marking routes are the one exception
/// (docs/DESIGN.md): they ask whether the school exists only when the pupil or class is not found, so a mark costs no
/// extra grain call; they answer an unknown school with the same problem.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class KnownSchoolTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Nowhere = "nowhere";

    private readonly AttendanceServer server = fixture.Server;

    // Every staff role at once, so that access (checked first) lets each route through to the school check.
    private static readonly StaffUser Everyone = StaffUser.Of("Ms Ward", "Test user",
        [Teacher, AttendanceOfficer, AttendanceLead, SeniorLeader, TrustLeader], schools: [Nowhere], groups: ["3B"]);

    public static TheoryData<string, string> Routes()
    {
        using var server = new AttendanceServer();
        var data = new TheoryData<string, string>();
        foreach (var (method, pattern, _) in SchoolRoutes(server).Where(r => r.Endpoint.Metadata.GetMetadata<MarkingEndpoint>() is null))
        {
            data.Add(method, pattern);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_school_that_does_not_exist_is_not_found_on_every_route(string method, string pattern)
    {
        var client = server.ClientAs(Everyone);
        var path = string.Join('/', pattern.Split('/').Select(Value));
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT")
        {
            // In the route's own media type (a CTF is XML, a roster CSV): what is checked is the school, not the body.
            var accepts = SchoolRoutes(server).First(r => r.Method == method && r.Pattern == pattern).Endpoint.Metadata.GetMetadata<IAcceptsMetadata>();
            var mediaType = accepts?.ContentTypes.FirstOrDefault() ?? "application/json";
            request.Content = new StringContent(mediaType.EndsWith("json", StringComparison.Ordinal) ? "{}" : "", Encoding.UTF8, mediaType);
        }

        var problem = await SchoolApi.Problem(await client.SendAsync(request), HttpStatusCode.NotFound);
        Assert.Equal("urn:attendance:problem:unknown-school", problem["type"]!.GetValue<string>());
        Assert.Contains($"'{Nowhere}'", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/classes/3B/registers/2026-11-10-AM", """{"marks":[{"upn":"T000000000001","code":"/"}]}""")]
    [InlineData("/pupils/T000000000001/marks", """{"session":"2026-11-10-AM","code":"/"}""")]
    [InlineData("/pupils/T000000000001/amendments", """{"session":"2026-11-10-AM","code":"I","reason":"Parent rang"}""")]
    [InlineData("/arrivals", """{"upn":"T000000000001"}""")]
    public async Task A_mark_for_a_school_that_does_not_exist_is_not_found(string route, string body)
    {
        var response = await server.ClientAs(Everyone).PostAsync($"/api/schools/{Nowhere}{route}", new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = await SchoolApi.Problem(response, HttpStatusCode.NotFound);
        Assert.Equal("urn:attendance:problem:unknown-school", problem["type"]!.GetValue<string>());
    }

    [Fact]
    public void Every_school_route_but_the_marking_ones_lists_the_not_found_answer()
    {
        var routes = SchoolRoutes(server);
        Assert.NotEmpty(routes);
        foreach (var (method, pattern, endpoint) in routes.Where(r => r.Endpoint.Metadata.GetMetadata<MarkingEndpoint>() is null))
        {
            Assert.True(endpoint.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>().Any(p => p.StatusCode == 404), $"{method} {pattern}");
        }
    }

    /// <summary>The routes under <c>/api/schools/{schoolId}</c>, but PUT of the school itself, which creates it.</summary>
    private static List<(string Method, string Pattern, RouteEndpoint Endpoint)> SchoolRoutes(AttendanceServer server)
    {
        server.CreateClient().Dispose(); // starts the host
        return [.. server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/schools/{schoolId}", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (m, e.RoutePattern.RawText!.TrimEnd('/'), e)))
            .Where(r => !(r.m == "PUT" && r.Item2 == "/api/schools/{schoolId}"))
            .OrderBy(r => r.Item2).ThenBy(r => r.m)];
    }

    private static string Value(string segment) => segment switch
    {
        "{schoolId}" => Nowhere,
        "{upn}" => "T000000000001",
        "{session}" => "2026-11-10-AM",
        "{classId}" => "3B",
        _ when segment.StartsWith('{') => "x",
        _ => segment,
    };
}
