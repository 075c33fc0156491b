"""Routers of the REST API, under ``/api/v1``; each route makes one service call."""

API_PREFIX = "/api/v1"
