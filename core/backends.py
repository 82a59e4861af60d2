from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from core.rules import is_beheerder

UserModel = get_user_model()
MODEL_PERMISSION_VERBS = ("add", "change", "delete", "view")


class RoleModelBackend(ModelBackend):
    """Django's username/password backend, plus: beheerders hold every *model* permission.

    That is what the admin asks for; portal rules (<app>/rules.py) are never granted here,
    so a beheerder has no business rights in the portal through this backend.
    """

    def get_user(self, user_id):
        # The organisation shows on every page: load it with the user, in one query.
        try:
            user = UserModel._default_manager.select_related("organisation").get(pk=user_id)
        except UserModel.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def has_perm(self, user_obj, perm, obj=None):
        if not _is_model_permission(perm):
            return False  # a portal rule: answered by the apps' rules alone, no query
        if obj is None and is_beheerder(user_obj):
            return True
        return super().has_perm(user_obj, perm, obj)

    def has_module_perms(self, user_obj, app_label):
        if is_beheerder(user_obj):
            return True
        return super().has_module_perms(user_obj, app_label)


def _is_model_permission(perm: str) -> bool:
    app_label, _, codename = perm.partition(".")
    verb, _, model_name = codename.partition("_")
    if verb not in MODEL_PERMISSION_VERBS or not model_name:
        return False
    try:
        apps.get_model(app_label, model_name)
    except LookupError:
        return False
    return True
