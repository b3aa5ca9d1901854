import json

from django.db import connection, transaction
from django.http import JsonResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def bare(request):
    """The baseline: parse the same JSON body and answer like the API, without storing anything."""
    body = json.loads(request.body)
    return JsonResponse({"receipt": "MH-2222-2222", "status": "received", "n": len(body)}, status=201)


@csrf_exempt
def bare_write(request):
    """A second baseline: the same, plus one durable row insert (what any accepting view must pay)."""
    body = json.loads(request.body)
    with transaction.atomic(durable=True), connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_row (body) VALUES (%s)", [request.body.decode()])
    return JsonResponse({"receipt": "MH-2222-2222", "status": "received", "n": len(body)}, status=201)


urlpatterns = [path("bench/bare/", bare), path("bench/bare-write/", bare_write), path("", include("samen.urls"))]
