"""Model fields for uploads: checked by content when the form is cleaned, made safe when the row is saved."""

from django import forms
from django.db import models

from .uploads import IMAGE_TYPES, attachment_type, redraw_image, validate_attachment, validate_image

IMAGE_ACCEPT = ",".join(file_type.content_type for file_type in IMAGE_TYPES.values())


class UploadFormField(forms.FileField):
    """A file input that tells the browser's picker which types to offer; the server checks them anyway."""

    def __init__(self, *, accept: str = "", **kwargs):
        self.accept = accept
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if self.accept:
            attrs["accept"] = self.accept
        return attrs


class ImageUploadField(models.ImageField):
    """A photo or logo: JPEG, PNG or WebP by content, redrawn on save to at most max_side pixels, no EXIF.

    Declare width_field and height_field after this field: they are read from the redrawn file as the row
    is saved, so pages can give every <img> its size.
    """

    default_validators = [validate_image]

    def __init__(self, *args, max_side: int = 1600, **kwargs):
        self.max_side = max_side
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["max_side"] = self.max_side
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        # Pillow's check in forms.ImageField would answer first with a vaguer message than validate_image.
        return models.FileField.formfield(
            self, **{"form_class": UploadFormField, "accept": IMAGE_ACCEPT, **kwargs}
        )

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            redrawn = redraw_image(file, max_side=self.max_side)
            file.save(redrawn.name, redrawn, save=False)
        return super().pre_save(model_instance, add)


class DocumentUploadField(models.FileField):
    """A download: a document or image recognised by its content, stored with the extension of what it is."""

    default_validators = [validate_attachment]

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            file.name = f"document.{attachment_type(file).extension}"
        return super().pre_save(model_instance, add)
