fn main() {
    wiq_app::ui::start();
}
