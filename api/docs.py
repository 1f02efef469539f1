from django.views.generic import TemplateView


class ApiDocsView(TemplateView):
    """Swagger UI over /api/schema/ from static files (drf-spectacular-sidecar), under the site's CSP."""

    template_name = "api/docs.html"
