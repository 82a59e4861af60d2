from django.contrib import admin

from maturity.models import (
    Assessment,
    AssessmentRound,
    BenchmarkValue,
    Characteristic,
    Pillar,
    Question,
    QuestionnaireVersion,
)


@admin.register(Pillar)
class PillarAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order"]


@admin.register(Characteristic)
class CharacteristicAdmin(admin.ModelAdmin):
    list_display = ["name", "pillar", "axis", "is_assumed"]
    list_filter = ["pillar"]


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0

    def has_change_permission(self, request, obj=None):
        # A frozen questionnaire stays as it was, so rounds remain comparable.
        return not (obj and obj.is_frozen) and super().has_change_permission(request, obj)

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission


@admin.register(QuestionnaireVersion)
class QuestionnaireVersionAdmin(admin.ModelAdmin):
    list_display = ["name", "frozen_at"]
    readonly_fields = ["frozen_at"]
    inlines = [QuestionInline]


class BenchmarkInline(admin.TabularInline):
    model = BenchmarkValue
    extra = 0


@admin.register(AssessmentRound)
class AssessmentRoundAdmin(admin.ModelAdmin):
    list_display = ["year", "name", "status", "quadrant_threshold", "is_demo"]
    inlines = [BenchmarkInline]


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["round", "organisation", "status", "source", "submitted_at"]
    list_filter = ["round", "status"]
    readonly_fields = ["submitted_at", "submitted_by", "reopened_at", "reopened_by"]
