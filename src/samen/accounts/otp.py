"""TOTP devices of professionals (django-otp): enrolment, verification and the demo's fixed secrets."""

from __future__ import annotations

import base64
import binascii
import secrets

import segno
from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

ISSUER = "Samen"


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def pending_device(user) -> TOTPDevice:
    """The unconfirmed device being enrolled, made once so the QR code stays the same on reload."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def secret_base32(device: TOTPDevice) -> str:
    """The secret as an authenticator app wants it typed in."""
    return base64.b32encode(binascii.unhexlify(device.key)).decode().rstrip("=")


def key_from_base32(secret: str) -> str:
    padded = secret + "=" * (-len(secret) % 8)
    return binascii.hexlify(base64.b32decode(padded)).decode()


def qr_svg(device: TOTPDevice, username: str) -> str:
    uri = f"otpauth://totp/{ISSUER}:{username}?secret={secret_base32(device)}&issuer={ISSUER}&digits=6&period=30"
    return segno.make(uri, error="m").svg_inline(scale=4, title="QR", dark="#000", light="#fff")


def verify(device: TOTPDevice, token: str) -> bool:
    """Check a code; django-otp refuses a code whose time step was already used (no replay)."""
    return bool(device.verify_token(token))


@transaction.atomic
def device_confirm(*, device: TOTPDevice, token: str) -> bool:
    if not verify(device, token):
        return False
    TOTPDevice.objects.filter(user=device.user, confirmed=False).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


def device_set_fixed(*, user, secret: str) -> TOTPDevice:
    """Give a (demo or test) account a confirmed device with a known base32 secret."""
    key = key_from_base32(secret)
    device, _created = TOTPDevice.objects.update_or_create(
        user=user, name="Demo", defaults={"key": key, "confirmed": True}
    )
    return device


def new_secret() -> str:
    return base64.b32encode(secrets.token_bytes(20)).decode().rstrip("=")


def session_verify(request, device: TOTPDevice) -> None:
    """Mark the session as passed the second factor (cycles the session key)."""
    otp_login(request, device)
    request.session.cycle_key()
