import json

from django.http import JsonResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def bare(request):
    """The baseline: parse the same JSON body and answer like the API, without storing anything."""
    body = json.loads(request.body)
    return JsonResponse({"receipt": "MH-2222-2222", "status": "received", "n": len(body)}, status=201)


urlpatterns = [path("bench/bare/", bare), path("", include("samen.urls"))]
