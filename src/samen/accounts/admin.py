from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from samen.accounts.models import RoleAssignment, User


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0


@admin.register(User)
class SamenUserAdmin(UserAdmin):
    list_display = ("username", "first_name", "last_name", "organisation", "is_active")
    list_filter = ("is_active", "role_assignments__role")
    list_select_related = ("organisation",)
    fieldsets = (*UserAdmin.fieldsets, ("Samen", {"fields": ("organisation", "function", "language")}))
    inlines = [RoleInline]
