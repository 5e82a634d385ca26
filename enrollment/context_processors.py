"""What the navigation needs to know about the user, from the role cache (no permission queries)."""

from enrollment import roles


def user_roles(request) -> dict:
    user = request.user
    return {
        "is_hq": roles.is_hq(user),
        "is_manager": roles.is_manager(user),
        "sees_everything": roles.sees_everything(user),
    }
